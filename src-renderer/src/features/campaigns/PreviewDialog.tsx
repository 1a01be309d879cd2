import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { messageOf } from '../../api/errors';
import { useTRPC } from '../../api/query';
import { Modal } from '../../ui/Modal';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { ensureSaved, type DraftSession } from './draft-session';

const WIDTHS = { desktop: 640, phone: 375 } as const;
type Width = keyof typeof WIDTHS;

/**
 * The email as a chosen member will get it (merge tags filled, CSS inlined by the core), at desktop
 * or phone width. Shown in a sandboxed frame: no script in it runs and it cannot reach the console.
 */
/** `session`: the draft being edited, saved before the preview; none for a campaign already sent. */
export function PreviewDialog({ session, campaignId, onClose }: { session?: DraftSession; campaignId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const id = useId();
  const [saved, setSaved] = useState<'saving' | 'saved' | 'failed'>(session ? 'saving' : 'saved');
  const [width, setWidth] = useState<Width>('desktop');
  const [search, setSearch] = useState('');
  const [userId, setUserId] = useState('');
  const term = useDebouncedValue(search.trim(), 250);

  // The preview renders what the core has: save first.
  useEffect(() => {
    if (!session) return;
    let live = true;
    void ensureSaved(session).then((ok) => live && setSaved(ok ? 'saved' : 'failed'));
    return () => {
      live = false;
    };
  }, [session]);

  const members = useQuery(trpc.members.list.queryOptions({ limit: 20, ...(term ? { search: term } : {}) }));
  const preview = useQuery({ ...trpc.campaigns.preview.queryOptions({ id: campaignId, ...(userId ? { userId } : {}) }), enabled: saved === 'saved', retry: false, staleTime: 0 });

  return (
    <Modal labelledBy={`${id}-title`} onRequestClose={onClose} className="campaign-preview-modal">
      <div className="campaign-preview">
        <header className="campaign-preview-header">
          <h2 id={`${id}-title`} className="confirm-title">
            Preview
          </h2>
          <button type="button" className="button button-small" onClick={onClose}>
            Close
          </button>
        </header>
        <div className="campaign-preview-controls">
          <div className="campaign-preview-member">
            <label className="field-label" htmlFor={`${id}-search`}>
              Find a member
            </label>
            <input id={`${id}-search`} className="input" type="search" placeholder="Name or email" value={search} onChange={(e) => setSearch(e.target.value)} />
          </div>
          <div className="campaign-preview-member">
            <label className="field-label" htmlFor={`${id}-member`}>
              Preview as
            </label>
            <select id={`${id}-member`} className="input" value={userId} onChange={(e) => setUserId(e.target.value)}>
              <option value="">A sample member</option>
              {members.data?.items.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name} ({m.email})
                </option>
              ))}
            </select>
          </div>
          <SegmentedControl
            label="Width"
            value={width}
            onChange={setWidth}
            segments={[
              { value: 'desktop', label: 'Desktop' },
              { value: 'phone', label: 'Phone' },
            ]}
          />
        </div>
        {saved === 'failed' ? (
          <p className="field-error" role="alert">
            The preview needs the draft saved to the console, which cannot be reached right now. Your text is safe on this computer.
          </p>
        ) : preview.error ? (
          <p className="field-error" role="alert">
            {messageOf(preview.error)}
          </p>
        ) : !preview.data ? (
          <p className="muted" role="status">
            Preparing the preview…
          </p>
        ) : (
          <>
            <dl className="campaign-preview-meta">
              <dt>Subject</dt>
              <dd data-testid="preview-subject">{preview.data.subject}</dd>
              <dt>For</dt>
              <dd>{preview.data.memberName}</dd>
            </dl>
            {/<img\b[^>]*\bsrc=["']?http:/i.test(preview.data.html) && (
              <p className="field-help">Images at plain http:// addresses are not shown here (the console loads images only over https); many mail apps refuse them too.</p>
            )}
            <div className="campaign-preview-stage">
              <iframe
                title={`Email preview at ${width} width`}
                className="campaign-preview-frame"
                // Empty sandbox: no scripts, no forms, no navigation of the console, a unique origin.
                sandbox=""
                srcDoc={preview.data.html}
                style={{ width: WIDTHS[width] }}
              />
            </div>
          </>
        )}
      </div>
    </Modal>
  );
}
