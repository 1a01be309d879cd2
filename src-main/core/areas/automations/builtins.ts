import type { AutomationStep, AutomationTrigger } from './schemas';

// The ready-made automations every community has, off until the owner enables them: the seed's
// "New Member Welcome Flow" and "Engagement Monitoring" (a re-engagement email after 14 quiet days).

export interface BuiltinAutomation {
  builtin: string;
  name: string;
  trigger: AutomationTrigger;
  steps: AutomationStep[];
}

export const BUILTIN_AUTOMATIONS: BuiltinAutomation[] = [
  {
    builtin: 'welcome',
    name: 'Welcome new members',
    trigger: { type: 'member.joined', joinSources: [] },
    steps: [
      {
        type: 'send_email',
        subject: 'Welcome to {{community.name}}',
        html: '<p>Hi {{member.firstName}},</p><p>Welcome to {{community.name}}! We are glad you are here. Say hello in the introductions post and have a look around.</p>',
      },
      {
        type: 'intro_post',
        spaceId: null,
        title: 'Say hello to {{member.name}}',
        content: '<p>{{member.name}} just joined. Tell us a little about yourself: where you are from and what brought you here.</p>',
      },
      { type: 'add_to_group', groupId: null, onlyJoinSources: ['paid'] },
      { type: 'notify_admins', title: 'New member joined', body: '{{member.name}} joined {{community.name}}' },
    ],
  },
  {
    builtin: 're-engagement',
    name: 'Re-engage quiet members',
    trigger: { type: 'member.inactive', days: 14 },
    steps: [
      {
        type: 'send_email',
        subject: 'We miss you at {{community.name}}',
        html: '<p>Hi {{member.firstName}},</p><p>It has been a while since we saw you in {{community.name}}. Here is what you missed; come back and say hello.</p>',
      },
    ],
  },
];
