import type { RouterInputs, RouterOutputs } from '../../api/types';

export type Automation = RouterOutputs['automations']['list'][number];
export type AutomationStep = Automation['steps'][number];
export type AutomationTrigger = Automation['trigger'];
export type StepInput = RouterInputs['automations']['update']['steps'] extends (infer S)[] | undefined ? S : never;
export type RunView = RouterOutputs['automations']['runs']['items'][number];

const JOIN_WORDS: Record<string, string> = { paid: 'paid', free_signup: 'free sign-up', invite_link: 'invite link' };

/** The trigger in the owner's words. */
export function triggerWords(t: AutomationTrigger): string {
  switch (t.type) {
    case 'member.joined':
      return t.joinSources.length ? `A member joins (${t.joinSources.map((s) => JOIN_WORDS[s] ?? s).join(' or ')})` : 'A member joins';
    case 'subscription.created':
      return 'A subscription starts';
    case 'subscription.canceled':
      return 'A subscription is canceled';
    case 'payment.failed':
      return 'A payment fails';
    case 'member.inactive':
      return `A member is inactive for ${t.days} ${t.days === 1 ? 'day' : 'days'}`;
  }
}

export const STEP_LABELS: Record<AutomationStep['type'], string> = {
  wait: 'Wait',
  send_email: 'Send an email',
  add_to_group: 'Add to a group',
  intro_post: 'Post an introduction prompt',
  notify_admins: 'Notify admins',
};

/** One line saying what a step does. */
export function stepWords(s: AutomationStep, names: { group: (id: string) => string | undefined; space: (id: string) => string | undefined }): string {
  const only = s.onlyJoinSources?.length ? ` (only ${s.onlyJoinSources.map((x) => JOIN_WORDS[x] ?? x).join(' or ')} joiners)` : '';
  switch (s.type) {
    case 'wait':
      return `Wait ${s.amount} ${s.amount === 1 ? s.unit.slice(0, -1) : s.unit}${only}`;
    case 'send_email':
      return `Email “${s.subject}”${only}`;
    case 'add_to_group':
      return `Add to ${s.groupId ? (names.group(s.groupId) ?? 'a group that no longer exists') : 'a group (not chosen yet)'}${only}`;
    case 'intro_post':
      return `Post “${s.title}” in ${s.spaceId ? (names.space(s.spaceId) ?? 'a space that no longer exists') : 'the first feed space'}${only}`;
    case 'notify_admins':
      return `Notify admins: “${s.title}”${only}`;
  }
}

/** A fresh step of a type, for the editor's "Add a step". */
export function newStep(type: AutomationStep['type']): AutomationStep {
  switch (type) {
    case 'wait':
      return { type, amount: 1, unit: 'days' };
    case 'send_email':
      return { type, subject: 'Hello from {{community.name}}', html: '<p>Hi {{member.firstName}},</p>' };
    case 'add_to_group':
      return { type, groupId: null };
    case 'intro_post':
      return { type, spaceId: null, title: 'Say hello to {{member.name}}', content: '<p>Welcome {{member.name}}!</p>' };
    case 'notify_admins':
      return { type, title: 'Automation update', body: '{{member.name}} reached this step' };
  }
}

export const RUN_STATUS: Record<RunView['status'], { label: string; tone: 'neutral' | 'info' | 'success' | 'danger' | 'warning' }> = {
  running: { label: 'Running', tone: 'info' },
  waiting: { label: 'Waiting', tone: 'neutral' },
  completed: { label: 'Completed', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  canceled: { label: 'Ended', tone: 'warning' },
};
