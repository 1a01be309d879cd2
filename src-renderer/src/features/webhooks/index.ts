// The webhooks feature's public face: what other features may show of it (lint keeps the rest private).
export { SigningSecretsCard } from './forwarding/SigningSecretsCard';
export { SidebarSyncStatus, SyncStateCard } from './sync/SyncStatus';
