import { ChatView } from '../realtime';

// The place where the realtime feature mounts its live chat for a CHAT space
// (/tmp/contracts/community.md: `<ChatView spaceId>` from features/realtime/index.ts).
export function ChatSlot({ spaceId }: { spaceId: string }) {
  return (
    <div data-testid="chat-slot" data-space-id={spaceId}>
      <ChatView spaceId={spaceId} />
    </div>
  );
}
