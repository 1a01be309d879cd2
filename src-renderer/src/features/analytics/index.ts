// The Analytics page (issue 12); the dashboard's Revenue card reads the same analytics.overview.
export { AnalyticsPage } from './AnalyticsPage';
