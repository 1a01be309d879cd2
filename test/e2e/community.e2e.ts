import { expect, test, type Locator, type Page } from '@playwright/test';
import { api } from './support/api';

// Community in Chromium against the headless console: create a space, write a post in it with the
// shared editor and see it in the space's list, comment on it, report the comment, and hide it from
// the moderation queue. What the page shows is checked against the API.

const signInUrl = () => process.env.E2E_SIGN_IN_URL!;
const shot = (page: Page, name: string) => page.screenshot({ path: `test/e2e/output/${name}.png`, fullPage: true });
/** Waits for a dialog's opening animation to finish, so a screenshot shows it as the owner does. */
const settled = (dialog: Locator) => dialog.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));

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

test('spaces: edit who sees a space, move it, name a moderator, archive and restore it', async ({ page }) => {
  const suffix = Date.now().toString(36);
  const first = `Alpha room ${suffix}`;
  const second = `Beta room ${suffix}`;
  const client = api();
  await client.spaces.create.mutate({ name: first, type: 'COURSE' });
  await client.spaces.create.mutate({ name: second, type: 'EVENT' });
  const someone = (await client.members.list.query({ role: 'MEMBER', limit: 1 })).items[0]!;

  await page.goto(signInUrl());
  await page.getByRole('navigation').getByRole('link', { name: 'Spaces' }).click();
  const row = page.getByTestId(`space-${second}`);
  await expect(row).toBeVisible();

  // Move the second one above the first.
  const order = async () => (await client.spaces.overview.query()).filter((s) => s.name === first || s.name === second).map((s) => s.name);
  expect(await order()).toEqual([first, second]);
  await row.getByRole('button', { name: `Move ${second} up` }).click();
  await expect.poll(order).toEqual([second, first]);

  // Edit: a new description.
  await row.getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('Description (optional)').fill('Meetups and office hours');
  await settled(form);
  await shot(page, 'community-05-edit-space');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toBeHidden();
  await expect(row).toContainText('Meetups and office hours');

  // A moderator, found by name.
  await row.getByRole('button', { name: 'Members and moderators' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Add someone').fill(someone.email);
  await dialog.getByRole('button', { name: 'Add as moderator' }).first().click();
  await expect(dialog.getByLabel(`Role of ${someone.name}`)).toHaveValue('MODERATOR');
  await settled(dialog);
  await shot(page, 'community-06-members-and-moderators');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(row).toContainText('1 moderator');
  const spaceId = (await client.spaces.overview.query()).find((s) => s.name === second)!.id;
  expect(await client.spaces.members.query({ spaceId })).toEqual([expect.objectContaining({ userId: someone.userId, role: 'MODERATOR' })]);

  // Archive, then restore.
  await row.getByRole('button', { name: 'Archive' }).click();
  await expect(row).toContainText('Archived');
  await row.getByRole('button', { name: 'Restore' }).click();
  await expect(row.getByRole('button', { name: 'Archive' })).toBeVisible();
  expect((await client.spaces.overview.query()).find((s) => s.id === spaceId)!.archivedAt).toBeNull();

  // Schedule a post for tomorrow in the EVENT space: it waits, marked with its time.
  await page.getByTestId(`space-${second}`).getByRole('link', { name: second }).click();
  await page.getByLabel('Title').fill('Office hours next week');
  await page.getByRole('textbox', { name: 'Post text' }).click();
  await page.keyboard.type('Bring your questions.');
  await page.getByRole('radio', { name: 'Schedule' }).check();
  const tomorrow = new Date(Date.now() + 86_400_000);
  const local = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}T09:30`;
  await page.getByLabel('Publish at').fill(local);
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  const scheduled = page.getByTestId('post-Office hours next week');
  await expect(scheduled).toContainText('Scheduled');
  await expect(scheduled).toContainText('Goes out');
  expect((await client.posts.list.query({ spaceId, limit: 5 })).items[0]).toMatchObject({ status: 'SCHEDULED', scheduledAt: new Date(`${local}:00`).toISOString(), publishedAt: null });
  await shot(page, 'community-07-scheduled-post');
  await page.getByRole('link', { name: '← All spaces' }).click();

  // A CHAT space shows the live chat above its posts.
  const chat = (await client.spaces.overview.query()).find((s) => s.type === 'CHAT' && !s.archivedAt)!;
  await page.getByTestId(`space-${chat.name}`).getByRole('link', { name: chat.name }).click();
  await expect(page.getByRole('heading', { name: chat.name, level: 1 })).toBeVisible();
  await expect(page.getByTestId('chat-slot')).toBeVisible();
  await shot(page, 'community-08-chat-space');
});
