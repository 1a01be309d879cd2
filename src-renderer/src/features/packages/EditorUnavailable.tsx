import { useId } from 'react';
import { Modal } from '../../ui/Modal';

/** Stands in for the editor when its code cannot be loaded (the console was updated underneath). */
export function EditorUnavailable({ onClose }: { onClose: () => void }) {
  const titleId = useId();
  return (
    <Modal labelledBy={titleId} onRequestClose={onClose}>
      <div className="confirm">
        <h2 id={titleId} className="confirm-title">
          The editor could not be opened
        </h2>
        <p className="confirm-body">Reload the console (the page or the app) and try again.</p>
        <div className="confirm-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </Modal>
  );
}
