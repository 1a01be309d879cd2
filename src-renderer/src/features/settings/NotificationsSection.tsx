import { useServices } from '../../app/services';
import { useApiQuery } from '../../api/use-api-query';
import { LoadFailed } from '../../ui/LoadFailed';
import { useAction } from '../../ui/use-action';
import type { NotificationSwitches } from './settings-api';

const KINDS: { key: keyof NotificationSwitches; label: string; help: string }[] = [
  { key: 'newPaidMember', label: 'A new paid member', help: 'Someone starts a paid or trial subscription.' },
  { key: 'paymentFailed', label: 'A payment failed', help: 'A subscriber’s card or bank payment was declined.' },
  { key: 'webhooksFailing', label: 'Webhooks are failing', help: 'Deliveries to your endpoints or incoming events keep failing.' },
  { key: 'campaignFinished', label: 'A campaign finished sending', help: 'Every recipient of an email campaign was sent to.' },
];

/** The desktop app's OS notifications, each of which the owner can switch off. */
export function NotificationsSection() {
  const { api } = useServices();
  const view = useApiQuery('settings-notifications', (a, signal) => a.settings.notifications.get.query(undefined, { signal }));
  const save = useAction((change: Partial<NotificationSwitches>) => api.settings.notifications.set.mutate(change));
  const v = view.data;
  return (
    <section className="card" aria-labelledby="notifications-title">
      <header className="card-header">
        <div>
          <h2 className="card-title" id="notifications-title">Desktop notifications</h2>
          <p className="card-subtitle">What the desktop app tells you about with a system notification. The browser console shows none.</p>
        </div>
      </header>
      {view.error !== undefined && <LoadFailed what="Notification settings" error={view.error} />}
      {v && (
        <ul className="settings-switches">
          {KINDS.map((kind) => (
            <li key={kind.key}>
              <label>
                <input
                  type="checkbox"
                  checked={v[kind.key]}
                  disabled={save.busy}
                  onChange={async (e) => {
                    if (await save.run({ [kind.key]: e.target.checked })) view.reload();
                  }}
                />{' '}
                {kind.label}
              </label>
              <p className="field-help">{kind.help}</p>
            </li>
          ))}
        </ul>
      )}
      {save.problem && <p role="alert" className="field-error">{save.problem}</p>}
    </section>
  );
}
