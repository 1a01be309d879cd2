import { CatchUpCard } from './CatchUpCard';
import { ForwardCard } from './ForwardCard';
import { SigningSecretsCard } from './SigningSecretsCard';

/** Where received events go next (forwarding), catching up on missed ones, and the secrets that let them in. */
export function ForwardingTab() {
  return (
    <div className="forwarding-tab">
      <ForwardCard />
      <CatchUpCard />
      <SigningSecretsCard />
    </div>
  );
}
