import { useState, type FormEvent } from 'react';
import { messageOf } from '../api/errors';
import { Logo } from '../ui/Logo';
import { useServices } from './services';

/** First start with no community at all: create one right here. */
export function NoTenantScreen({ onCreated }: { onCreated: () => void }) {
  const { api } = useServices();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugTouched, setSlugTouched] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shownSlug = slugTouched ? slug : slugFrom(name);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // The server validates and names the field ("slug: may contain lowercase letters…"); zod stays
    // out of the renderer bundle.
    setBusy(true);
    setProblem(null);
    try {
      await api.tenants.create.mutate({ name: name.trim(), slug: shownSlug });
      onCreated();
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={submit} noValidate>
        <div className="sign-in-brand">
          <Logo size={36} />
          <div className="sign-in-product">Tenant Console</div>
        </div>
        <h1 className="sign-in-title">Create your community</h1>
        <p className="sign-in-lead">Everything in the console belongs to a community. Start with one; you can add more later.</p>
        <label className="field-label" htmlFor="tenant-name">
          Name
        </label>
        <input id="tenant-name" className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="Indie Makers Club" />
        <label className="field-label" htmlFor="tenant-slug">
          Short name
        </label>
        <input
          id="tenant-slug"
          className="input"
          value={shownSlug}
          onChange={(e) => {
            setSlugTouched(true);
            setSlug(e.target.value);
          }}
          placeholder="indie-makers"
        />
        <p className="field-help">Lowercase letters, digits and dashes; used in links.</p>
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Creating…' : 'Create community'}
        </button>
      </form>
    </main>
  );
}

function slugFrom(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}
