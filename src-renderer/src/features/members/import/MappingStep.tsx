import { useId, useState } from 'react';
import type { ImportMapping, ImportPreview } from '../types';

type Field = keyof ImportMapping;

const FIELDS: { field: Field; label: string; help: string }[] = [
  { field: 'email', label: 'Email', help: 'Required: members are matched by it' },
  { field: 'name', label: 'Name', help: 'Full name' },
  { field: 'role', label: 'Role', help: 'ADMIN or MEMBER' },
  { field: 'joinSource', label: 'Join source', help: 'free_signup, paid or invite_link; new members only' },
  { field: 'joinedAt', label: 'Joined at', help: 'A date; new members only' },
  { field: 'groups', label: 'Groups', help: 'Names separated by commas; only ever added' },
  { field: 'comped', label: 'Comped', help: 'Complimentary access (yes/no, or a tier of “comped”)' },
];

const RECOGNISED = { tenant_console: 'This looks like an export from this console', ghost: 'This looks like a Ghost member export' } as const;

/** Which column fills which field; the automatic choice is pre-selected. */
export function MappingStep({ preview, onBack, onNext }: { preview: ImportPreview; onBack: () => void; onNext: (mapping: ImportMapping) => void }) {
  const [mapping, setMapping] = useState<ImportMapping>(preview.mapping);
  const id = useId();
  const used = new Map<string, Field>();
  for (const { field } of FIELDS) {
    const column = mapping[field];
    if (column) used.set(column, field);
  }
  const ignored = preview.columns.filter((c) => !used.has(c));

  return (
    <div className="import-mapping" data-testid="import-mapping">
      <p>
        {preview.recognisedAs ? `${RECOGNISED[preview.recognisedAs]}, so its columns are mapped already.` : 'Columns with familiar names are mapped already.'} Check them,
        then preview what the import would do.
      </p>
      <table className="mapping-table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Column in the file</th>
          </tr>
        </thead>
        <tbody>
          {FIELDS.map(({ field, label, help }) => (
            <tr key={field}>
              <th scope="row">
                <label htmlFor={`${id}-${field}`}>{label}</label>
                <span className="mapping-help">{help}</span>
              </th>
              <td>
                <select
                  id={`${id}-${field}`}
                  className="input"
                  value={mapping[field] ?? ''}
                  onChange={(e) => setMapping((m) => ({ ...m, [field]: e.target.value || null }))}
                >
                  <option value="">Don’t import</option>
                  {preview.columns.map((column) => (
                    <option key={column} value={column} disabled={used.has(column) && used.get(column) !== field}>
                      {column}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {ignored.length > 0 && <p className="muted">Not imported: {ignored.join(', ')}</p>}
      {!mapping.email && (
        <p className="field-error" role="alert">
          Choose the column that holds the email address.
        </p>
      )}
      <div className="confirm-actions">
        <button type="button" className="button" onClick={onBack}>
          Choose another file
        </button>
        <button type="button" className="button button-primary" disabled={!mapping.email} onClick={() => onNext(mapping)}>
          Preview the import
        </button>
      </div>
    </div>
  );
}
