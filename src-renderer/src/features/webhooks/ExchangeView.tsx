import { Icon } from '../../ui/Icon';
import { Pill } from '../../ui/Pill';
import { CodeBlock, HeaderList } from './CodeBlock';
import { duration, httpStatusTone } from './format';
import type { Exchange } from './types';

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 410: 'Gone', 413: 'Payload Too Large', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** The ledger id our own listener answers with (`{received, id}`), to jump to the stored event. */
export function ledgerIdOf(exchange: Exchange): string | null {
  if (!exchange.response) return null;
  try {
    const body = JSON.parse(exchange.response.body) as { id?: unknown };
    return typeof body.id === 'string' && body.id.startsWith('whe_') ? body.id : null;
  } catch {
    return null;
  }
}

/** One request and its answer: status, time taken, then the response and the request in full. */
export function ExchangeView({ exchange, onOpenEvent }: { exchange: Exchange; onOpenEvent?: (id: string) => void }) {
  const { request, response } = exchange;
  const ledgerId = onOpenEvent ? ledgerIdOf(exchange) : null;
  return (
    <div className="exchange" data-testid="exchange">
      <div className="exchange-summary">
        <div className="exchange-line">
          {response ? (
            <Pill tone={httpStatusTone(response.status)}>
              <span data-testid="exchange-status">{response.status}</span>&nbsp;{REASONS[response.status] ?? ''}
            </Pill>
          ) : (
            <Pill tone="danger">No response</Pill>
          )}
          <span className="exchange-time" title="Time from sending the request to the end of the response">
            {duration(exchange.durationMs)}
          </span>
          {ledgerId && (
            <button type="button" className="button button-small exchange-open" onClick={() => onOpenEvent?.(ledgerId)}>
              Open in Events <Icon name="arrowRight" size={14} />
            </button>
          )}
        </div>
        <span className="exchange-url" title={request.url}>
          <span className="exchange-method">{request.method}</span> {request.url}
        </span>
      </div>
      {exchange.error && (
        <div className="banner banner-danger" role="alert">
          <Icon name="alert" size={15} />
          <span>{exchange.error}</span>
        </div>
      )}
      {response && (
        <section className="exchange-part" aria-label="Response">
          <h3 className="wh-section-title">Response</h3>
          <details className="exchange-headers">
            <summary>Headers ({Object.keys(response.headers).length})</summary>
            <HeaderList headers={response.headers} label="Response headers" />
          </details>
          <CodeBlock text={response.body} label="Response body" maxHeight={220} />
          {response.truncated && <p className="field-help">Only the first 16 KB of the response is shown.</p>}
        </section>
      )}
      <section className="exchange-part" aria-label="Request">
        <h3 className="wh-section-title">Request</h3>
        <details className="exchange-headers">
          <summary>Headers ({Object.keys(request.headers).length})</summary>
          <HeaderList headers={request.headers} label="Request headers" />
        </details>
        <CodeBlock text={request.body} label="Request body" maxHeight={260} />
      </section>
    </div>
  );
}
