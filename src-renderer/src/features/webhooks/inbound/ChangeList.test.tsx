// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeList } from './ChangeList';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
afterEach(() => {
  act(() => root.unmount());
  document.body.innerHTML = '';
});

function render(node: React.ReactNode) {
  const container = document.createElement('div');
  document.body.append(container);
  act(() => {
    root = createRoot(container);
    root.render(node);
  });
}

const changes = [
  { entity: 'subscription', id: 'sub_1', field: 'status', from: null, to: 'active' },
  { entity: 'subscription', id: 'sub_1', field: 'amountMinor', from: null, to: 3900 },
];

describe("an event's changes", () => {
  it('reads as sentences, with the field-by-field record folded away', () => {
    render(<ChangeList changes={changes} status="applied" summary={['Chidi Wilson started Founders Circle at $39/month']} />);
    const summary = document.querySelector('[data-testid=event-summary]')!;
    expect(summary.textContent).toBe('Chidi Wilson started Founders Circle at $39/month.');
    const details = document.querySelector('details')!;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')?.textContent).toBe('Record by record');
    expect(details.textContent).toContain('amount minor'); // still there, for whoever opens it
  });

  it('says why nothing changed when there is nothing to say', () => {
    render(<ChangeList changes={[]} status="ignored" summary={[]} />);
    expect(document.body.textContent).toBe('Nothing: this event type does not change members.');
  });
});
