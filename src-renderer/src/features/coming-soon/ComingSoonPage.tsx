import { Icon } from '../../ui/Icon';
import { COMING_SOON, type ComingSoonArea } from './coming-soon-content';

/** A page that is not built yet says what it will do, instead of being blank. */
export function ComingSoonPage({ area }: { area: ComingSoonArea }) {
  const content = COMING_SOON[area];
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{content.title}</h1>
          <p className="page-subtitle">{content.summary}</p>
        </div>
      </header>
      <section className="card coming-soon">
        <div className="coming-soon-badge">
          <Icon name="sparkle" size={14} /> Coming soon
        </div>
        <div className="coming-soon-icon">
          <Icon name={content.icon} size={26} />
        </div>
        <h2 className="coming-soon-title">{content.title} are on their way</h2>
        <p className="coming-soon-text">This part of the console is being built. Here is what it will let you do:</p>
        <ul className="coming-soon-features">
          {content.features.map((f) => (
            <li key={f.title}>
              <Icon name="check" size={16} className="coming-soon-check" />
              <div>
                <div className="coming-soon-feature-title">{f.title}</div>
                <div className="coming-soon-feature-text">{f.text}</div>
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
