import { Icon } from '@renderer/ui/Icon';

/**
 * A tenant ADMIN's lab signs with this secret rather than the console's: their app verifies with
 * it, and this console refuses anything signed with it, so the lab cannot make events here.
 */
export function LabSecretNote({ secret }: { secret: string }) {
  return (
    <div className="banner banner-info lab-warning" role="note">
      <Icon name="key" size={15} />
      <span>
        Signed with your lab secret <code className="mono">{secret}</code>. Verify with it in your own app. This console does not accept events signed with it.
      </span>
    </div>
  );
}
