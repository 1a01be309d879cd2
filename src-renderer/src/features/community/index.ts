export { SpacesPage } from './SpacesPage';
