import { newId } from '../../platform/ids';

// Ids in the platform's style (time-sortable cuid) with this area's own prefixes.
const cuid = () => newId('job').slice('job_'.length);
export const notificationId = () => `ntf_${cuid()}`;
export const chatMessageId = () => `chat_${cuid()}`;
