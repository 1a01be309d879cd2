// The few merge tags an automation's texts may use: {{member.name}}, {{member.firstName}},
// {{community.name}}, each with an optional fallback ({{member.firstName|there}}). Values are
// HTML-escaped in HTML; no other template code runs. Tags this area does not know (such as
// {{unsubscribe_url}}) are left for the campaigns ledger, which fills them in when it sends.

export interface MergeValues {
  'member.name': string;
  'member.firstName': string;
  'community.name': string;
}

const TAG = /\{\{\s*(member\.name|member\.firstName|community\.name)\s*(?:\|\s*([^}]*?)\s*)?\}\}/g;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function fillTags(template: string, values: MergeValues, as: 'html' | 'text'): string {
  return template.replace(TAG, (_all, tag: keyof MergeValues, fallback: string | undefined) => {
    const value = values[tag].trim() || (fallback ?? '');
    return as === 'html' ? escapeHtml(value) : value;
  });
}

export function mergeValues(member: { name: string | null; email: string }, community: string): MergeValues {
  const name = member.name?.trim() || member.email.split('@')[0] || 'there';
  return { 'member.name': name, 'member.firstName': name.split(/\s+/)[0] ?? name, 'community.name': community };
}
