import { EmptyState } from '@renderer/ui/EmptyState';
import type { LabAccess } from '../types';
import { CatchUpCard } from './CatchUpCard';
import { ForwardCard } from './ForwardCard';
import { SigningSecretsCard } from './SigningSecretsCard';

/** Where received events go next (forwarding), catching up on missed ones, and the secrets that let them in. */
export function ForwardingTab({ access }: { access: LabAccess | undefined }) {
  if (!access) return <div className="forwarding-tab" aria-busy="true" />;
  // All three act on every tenant's events and the console's own secrets: the console owner's.
  if (!access.consoleOwner) {
    return (
      <section className="card">
        <EmptyState icon="key" title="Forwarding, catch-up and signing secrets are the console owner's">
          They act on the events of every community on this console, so only the person who runs it can change them. Your community's events are under Events; the Lab sends test
          events to your own app, and Endpoints sends member webhooks to your tools.
        </EmptyState>
      </section>
    );
  }
  return (
    <div className="forwarding-tab">
      <ForwardCard />
      <CatchUpCard />
      <SigningSecretsCard />
    </div>
  );
}
