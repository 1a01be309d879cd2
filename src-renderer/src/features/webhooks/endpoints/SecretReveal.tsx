import { useId } from 'react';
import { CopyButton } from '@renderer/ui/CopyButton';
import { Icon } from '@renderer/ui/Icon';
import { Modal } from '@renderer/ui/Modal';

/** A new signing secret, shown this once: copy it now, it cannot be read back later. */
export function SecretReveal({ url, secret, rotated, onClose }: { url: string; secret: string; rotated: boolean; onClose: () => void }) {
  const titleId = useId();
  return (
    <Modal labelledBy={titleId} onRequestClose={onClose} initialFocus="[data-autofocus]" className="secret-dialog">
      <div className="confirm">
        <h2 id={titleId} className="confirm-title">
          {rotated ? 'New signing secret' : 'Endpoint added'}
        </h2>
        <div className="confirm-body">
          <p>
            Deliveries to <code>{url}</code> are signed with this secret. Copy it into your app now: <strong>it is shown only this once.</strong>
          </p>
          <div className="secret-box" data-testid="endpoint-secret">
            <code>{secret}</code>
            <CopyButton text={secret} label="Copy secret" />
          </div>
          {rotated && (
            <p className="confirm-warning">
              <Icon name="alert" size={14} /> The old secret no longer signs new deliveries. Update your app before the next one arrives.
            </p>
          )}
          <p className="field-help">
            Verify with any Standard Webhooks library, e.g. <code>new Webhook(secret).verify(body, headers)</code> from <code>standardwebhooks</code>.
          </p>
        </div>
        <div className="confirm-actions">
          <button type="button" className="button button-primary" onClick={onClose} data-autofocus>
            I have copied it
          </button>
        </div>
      </div>
    </Modal>
  );
}
