import type { IconName } from '../../ui/Icon';

export interface ComingSoonContent {
  title: string;
  icon: IconName;
  summary: string;
  features: { title: string; text: string }[];
}

export const COMING_SOON = {
  packages: {
    title: 'Packages',
    icon: 'packages',
    summary: 'Sell access to your community with packages members can buy.',
    features: [
      { title: 'Pricing tiers', text: 'Monthly and yearly prices, a free tier, and which spaces each tier opens.' },
      { title: 'Sale windows', text: 'Time-limited prices that start and end on their own.' },
      { title: 'Stripe & Lemon Squeezy sync', text: 'Products and prices kept in step with your payment provider.' },
    ],
  },
  campaigns: {
    title: 'Campaigns',
    icon: 'campaigns',
    summary: 'Email your members without leaving the console.',
    features: [
      { title: 'Write offline', text: 'Draft campaigns on the train; they are saved on this computer.' },
      { title: 'Send a test', text: 'See the email in your own inbox before anyone else does.' },
      { title: 'Target segments', text: 'Free or paid members, admins, or everyone who joined this month.' },
    ],
  },
  webhooks: {
    title: 'Webhooks',
    icon: 'webhooks',
    summary: 'Every payment event that reaches your community, and every one it sends out.',
    features: [
      { title: 'Inbound ledger', text: 'Each Stripe and Lemon Squeezy event, recorded before it is acknowledged.' },
      { title: 'Webhook lab', text: 'Send sample events to the console and watch what they change.' },
      { title: 'Outgoing webhooks', text: 'Tell your own tools when members join, pay or leave.' },
    ],
  },
  settings: {
    title: 'Settings',
    icon: 'settings',
    summary: 'How your community takes payments and who may use the API.',
    features: [
      { title: 'Payment methods', text: 'Connect Stripe, Lemon Squeezy or crypto payments.' },
      { title: 'API tokens', text: 'Create and revoke tokens for scripts and integrations.' },
      { title: 'Secrets', text: 'Signing secrets and API keys, stored encrypted on this computer.' },
    ],
  },
} satisfies Record<string, ComingSoonContent>;

export type ComingSoonArea = keyof typeof COMING_SOON;
