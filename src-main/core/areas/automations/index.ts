import type { AreaPlatform } from '../area';
import type { AutomationPorts } from './ports';
import { createAutomationsService } from './service';

export type { AutomationPorts, AddToGroup, SendToMember, CreateSystemPost, NotifyInApp, AdminNotice } from './ports';
export type { Automation, AutomationRunView, AutomationsService } from './service';
export { automationsRouter } from './router';

/**
 * The automations area (issue 11 §7): triggers (member joined, subscription created or canceled,
 * payment failed, inactive for N days) start durable runs of steps (wait, send email, add to a
 * group, an introduction-post prompt, notify admins). Other areas are reached through `ports`.
 */
export function createAutomationsArea(platform: AreaPlatform, ports: AutomationPorts) {
  return createAutomationsService(platform, ports);
}
