import type { SettingsOverview } from './settings-api';
import { TeamAccess } from './TeamAccess';

/** Who runs this console and each community, and what each may do (the trust model, in words). */
export function TeamSection({ overview }: { overview: SettingsOverview }) {
  const { team } = overview;
  const byTenant = new Map<string, { name: string; people: { name: string; email: string }[] }>();
  for (const a of team.admins) {
    const entry = byTenant.get(a.tenantId) ?? { name: a.tenantName, people: [] };
    entry.people.push({ name: a.name, email: a.email });
    byTenant.set(a.tenantId, entry);
  }
  return (
    <div className="settings-stack">
      {overview.isConsoleOwner && <TeamAccess />}
      <section className="card" aria-labelledby="owner-title">
        <h2 className="card-title" id="owner-title">Console owner</h2>
        <p className="settings-person">
          <strong>{team.owner?.name ?? 'Console owner'}</strong> <span className="muted">{team.owner?.email}</span>
        </p>
        <h3 className="settings-subtitle">May</h3>
        <Capabilities items={team.capabilities.consoleOwner} />
      </section>
      <section className="card" aria-labelledby="admins-title">
        <h2 className="card-title" id="admins-title">Community admins</h2>
        {byTenant.size === 0 ? (
          <p className="muted">No other admins yet. {overview.isConsoleOwner ? 'Invite a teammate above, or make' : 'The console owner invites teammates; you can make'} a member an admin from the Members page.</p>
        ) : (
          [...byTenant.entries()].map(([id, t]) => (
            <div key={id} className="settings-team-group">
              <h3 className="settings-subtitle">{t.name}</h3>
              <ul className="settings-people">
                {t.people.map((p) => (
                  <li key={p.email}>
                    <strong>{p.name}</strong> <span className="muted">{p.email}</span>
                  </li>
                ))}
              </ul>
            </div>
          ))
        )}
        <h3 className="settings-subtitle">Each admin may</h3>
        <Capabilities items={team.capabilities.tenantAdmin} />
      </section>
    </div>
  );
}

function Capabilities({ items }: { items: readonly string[] }) {
  return (
    <ul className="settings-caps">
      {items.map((c) => (
        <li key={c}>{c}</li>
      ))}
    </ul>
  );
}
