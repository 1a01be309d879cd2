import { CatchUpCard } from './CatchUpCard';
import { ForwardCard } from './ForwardCard';
import { SigningSecretsCard } from './SigningSecretsCard';

/** How events reach this console (signing secrets), where they go next (forwarding), and catching up. */
export function ForwardingTab() {
  return (
    <div className="forwarding-tab">
      <ForwardCard />
      <SigningSecretsCard />
      <CatchUpCard />
    </div>
  );
}
