export { AutomationsPage } from './AutomationsPage';
export { RunsPanel as MemberAutomationRuns } from './RunsPanel';
