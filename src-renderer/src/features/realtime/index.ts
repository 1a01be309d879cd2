// Real time (issue 13): live chat for CHAT spaces and the notifications bell.
export { ChatView } from './ChatView';
export { NotificationsBell } from './NotificationsBell';
