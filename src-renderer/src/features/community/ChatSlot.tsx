// The place where the realtime feature mounts its live chat for a CHAT space
// (/tmp/contracts/community.md: `<ChatView spaceId>` from features/realtime/index.ts).
// Until that feature exists, the slot says what will appear here.
export function ChatSlot({ spaceId }: { spaceId: string }) {
  return (
    <section className="card chat-slot" data-testid="chat-slot" data-space-id={spaceId} aria-label="Live chat">
      <p className="muted">Live chat for this space appears here once real-time messaging is set up.</p>
    </section>
  );
}
