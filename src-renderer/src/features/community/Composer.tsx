import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { messageOf } from '../../api/errors';
import { useTRPC } from '../../api/query';
import { RichTextEditor } from '../../ui/RichTextEditor';

type When = 'now' | 'draft' | 'later';

/** `datetime-local` gives local wall time without a zone; the server wants an ISO instant. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** Write a post: title, rich text (the shared editor), and publish now, save as a draft, or schedule. */
export function Composer({ spaceId }: { spaceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [when, setWhen] = useState<When>('now');
  const [at, setAt] = useState('');
  const [editorKey, setEditorKey] = useState(0);
  const [localProblem, setLocalProblem] = useState<string | null>(null);
  const create = useMutation(
    trpc.posts.create.mutationOptions({
      onSuccess: async () => {
        setTitle('');
        setContent('');
        setAt('');
        setEditorKey((k) => k + 1);
        await queryClient.invalidateQueries(trpc.posts.pathFilter());
      },
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    setLocalProblem(null);
    if (when === 'later') {
      const scheduledAt = localInputToIso(at);
      if (!scheduledAt) return setLocalProblem('Choose when the post goes out.');
      create.mutate({ spaceId, title, content, status: 'SCHEDULED', scheduledAt });
    } else {
      create.mutate({ spaceId, title, content, status: when === 'now' ? 'PUBLISHED' : 'DRAFT' });
    }
  }

  const problem = localProblem ?? (create.error ? messageOf(create.error) : null);
  return (
    <form className="card composer" onSubmit={submit} aria-label="New post">
      <label className="field-label">
        Title
        <input className="input" value={title} maxLength={200} required placeholder="What is it about?" onChange={(e) => setTitle(e.target.value)} />
      </label>
      <RichTextEditor key={editorKey} value={content} onChange={setContent} placeholder="Write your post…" aria-label="Post text" />
      <fieldset className="composer-when">
        <legend className="visually-hidden">When</legend>
        <label>
          <input type="radio" name={`when-${spaceId}`} checked={when === 'now'} onChange={() => setWhen('now')} /> Publish now
        </label>
        <label>
          <input type="radio" name={`when-${spaceId}`} checked={when === 'draft'} onChange={() => setWhen('draft')} /> Save as draft
        </label>
        <label>
          <input type="radio" name={`when-${spaceId}`} checked={when === 'later'} onChange={() => setWhen('later')} /> Schedule
        </label>
        {when === 'later' && <input className="input" type="datetime-local" aria-label="Publish at" value={at} onChange={(e) => setAt(e.target.value)} />}
      </fieldset>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="composer-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {when === 'now' ? 'Publish' : when === 'draft' ? 'Save draft' : 'Schedule'}
        </button>
      </div>
    </form>
  );
}
