import { Icon } from '../../ui/Icon';
import { Pill } from '../../ui/Pill';
import { formatLimit, formatPrice } from './money';
import { saleBadge } from './sale-badge';
import { INTERVAL_LABEL, type PackageView } from './types';

const LIMITS = [
  { key: 'maxUsers', one: 'team member', many: 'team members' },
  { key: 'maxAiPosts', one: 'AI post / month', many: 'AI posts / month' },
  { key: 'maxSocialAccounts', one: 'social account', many: 'social accounts' },
  { key: 'maxCampaigns', one: 'active campaign', many: 'active campaigns' },
] as const;

/** One tier as the public pricing page draws it. */
export function PriceCard({ pkg, now }: { pkg: PackageView; now: number }) {
  const onSale = pkg.saleState === 'active';
  const badge = saleBadge(pkg, now);
  const per = INTERVAL_LABEL[pkg.interval].per;
  const titleId = `price-card-${pkg.id}`;
  return (
    <article className={pkg.isPopular ? 'price-card is-popular' : 'price-card'} aria-labelledby={titleId} data-testid="price-card">
      {pkg.isPopular && <div className="price-card-ribbon">Most popular</div>}
      <h3 className="price-card-name" id={titleId}>
        {pkg.name}
      </h3>
      {pkg.description && <p className="price-card-description">{pkg.description}</p>}
      <div className="price-card-price">
        <span className="price-card-amount" data-testid="effective-price">
          {formatPrice(pkg.effectivePrice, pkg.currency)}
        </span>
        {onSale && (
          <s className="price-card-regular" data-testid="regular-price">
            <span className="visually-hidden">Regular price </span>
            {formatPrice(pkg.price, pkg.currency)}
          </s>
        )}
        <span className="price-card-per">/ {per}</span>
      </div>
      <div className="price-card-badge">
        {badge && (
          <Pill tone={badge.tone} title={badge.title}>
            {badge.text}
          </Pill>
        )}
      </div>
      <span className={pkg.isPopular ? 'price-card-cta is-primary' : 'price-card-cta'} aria-hidden="true">
        Choose {pkg.name}
      </span>
      {pkg.displayFeatures.length > 0 && (
        <ul className="price-card-features" aria-label="Features">
          {pkg.displayFeatures.map((feature, i) => (
            <li key={i}>
              <Icon name="check" size={15} className="price-card-check" />
              {feature}
            </li>
          ))}
        </ul>
      )}
      <dl className="price-card-limits">
        {LIMITS.map(({ key, one, many }) => (
          <div key={key}>
            <dt>{pkg[key] === 1 ? one : many}</dt>
            <dd>{formatLimit(pkg[key])}</dd>
          </div>
        ))}
      </dl>
    </article>
  );
}

export function PriceCardLoading() {
  return (
    <div className="price-card is-skeleton" aria-hidden="true">
      <span className="skeleton" style={{ width: '45%', height: 14 }} />
      <span className="skeleton skeleton-line" style={{ width: '80%' }} />
      <span className="skeleton skeleton-price" />
      {Array.from({ length: 4 }, (_, i) => (
        <span key={i} className="skeleton skeleton-line" style={{ width: `${70 - i * 8}%` }} />
      ))}
    </div>
  );
}
