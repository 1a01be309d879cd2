import { expect, test, type Page } from '@playwright/test';
import { api } from './support/api';

// Community in Chromium against the headless console: create a space, write a post in it with the
// shared editor and see it in the space's list, comment on it, report the comment, and hide it from
// the moderation queue. What the page shows is checked against the API.

const signInUrl = () => process.env.E2E_SIGN_IN_URL!;
const shot = (page: Page, name: string) => page.screenshot({ path: `test/e2e/output/${name}.png`, fullPage: true });

test('community: create a space and a post, see it in the list, moderate a reported comment', async ({ page }) => {
  const suffix = Date.now().toString(36);
  const spaceName = `Town square ${suffix}`;
  const title = `Welcome week ${suffix}`;
  const commentText = `Buy cheap followers at spam.example ${suffix}`;

  await page.goto(signInUrl());
  await page.getByRole('navigation').getByRole('link', { name: 'Spaces' }).click();
  await expect(page.getByRole('heading', { name: 'Spaces', level: 1 })).toBeVisible();

  // A new FEED space, visible to everyone.
  await page.getByRole('button', { name: 'New space' }).first().click();
  const form = page.getByRole('dialog');
  await expect(form.getByLabel('Name')).toBeFocused();
  await form.getByLabel('Name').fill(spaceName);
  await form.getByLabel('Type').selectOption('FEED');
  await form.getByLabel('Description (optional)').fill('Say hello and meet the others.');
  await form.getByRole('button', { name: 'Create space' }).click();
  await expect(form).toBeHidden();
  const row = page.getByTestId(`space-${spaceName}`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Everyone in the community');
  const space = (await api().spaces.overview.query()).find((s) => s.name === spaceName);
  expect(space).toMatchObject({ type: 'FEED', visibility: 'everyone', archivedAt: null });
  await shot(page, 'community-01-spaces');

  // Into the space: write a post with the shared editor and publish it.
  await row.getByRole('link', { name: spaceName }).click();
  await expect(page.getByRole('heading', { name: spaceName, level: 1 })).toBeVisible();
  await expect(page.getByText('No posts yet')).toBeVisible();
  await page.getByLabel('Title').fill(title);
  const editor = page.getByRole('textbox', { name: 'Post text' });
  await editor.click();
  await page.keyboard.type('Introduce yourself below. We meet every Friday.');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const card = page.getByTestId(`post-${title}`);
  await expect(card).toBeVisible();
  await expect(card).toContainText('Introduce yourself below. We meet every Friday.');
  const listed = await api().posts.list.query({ spaceId: space!.id, limit: 20 });
  expect(listed.items).toEqual([expect.objectContaining({ title, status: 'PUBLISHED', content: '<p>Introduce yourself below. We meet every Friday.</p>' })]);
  expect(listed.items[0]!.author).toEqual(expect.objectContaining({ profilePhotoUrl: null }));

  // A comment, reported from the page.
  await card.getByRole('button', { name: '0 comments' }).click();
  await card.getByLabel('Add a comment').fill(commentText);
  await card.getByRole('button', { name: 'Comment', exact: true }).click();
  const comment = card.getByTestId(`comment-${commentText.slice(0, 40)}`);
  await expect(comment).toBeVisible();
  await comment.getByRole('button', { name: 'Report' }).click();
  await comment.getByLabel('What is wrong with this comment?').fill('Spam link');
  await comment.getByRole('button', { name: 'Send report' }).click();
  await expect(comment.getByText('Reported.')).toBeVisible();
  await expect(card.getByRole('button', { name: '1 comment' })).toBeVisible();
  await shot(page, 'community-02-space-with-post');

  // The moderation queue holds it; hide it.
  await page.getByRole('link', { name: '← All spaces' }).click();
  await page.getByRole('tab', { name: 'Moderation' }).click();
  const item = page.getByTestId(`queue-${commentText.slice(0, 40)}`);
  await expect(item).toBeVisible();
  await expect(item).toContainText(`Comment in ${spaceName}`);
  await expect(item).toContainText('Spam link');
  await shot(page, 'community-03-moderation-queue');
  await item.getByRole('button', { name: 'Hide' }).click();
  await expect(item).toBeHidden();
  const thread = await api().comments.list.query({ postId: listed.items[0]!.id });
  expect(thread).toEqual([expect.objectContaining({ content: commentText, hidden: true })]);
  expect((await api().moderation.queue.query({})).find((q) => q.excerpt === commentText)).toBeUndefined();

  // Back in the space, the moderator sees it marked hidden.
  await page.getByRole('tab', { name: 'All spaces' }).click();
  await page.getByTestId(`space-${spaceName}`).getByRole('link', { name: spaceName }).click();
  await page.getByTestId(`post-${title}`).getByRole('button', { name: '0 comments' }).click();
  await expect(page.getByTestId(`comment-${commentText.slice(0, 40)}`).getByText('Hidden')).toBeVisible();
  await shot(page, 'community-04-hidden-comment');
});
