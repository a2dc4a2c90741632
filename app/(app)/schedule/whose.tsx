import { EmptyState } from '@/components/ui/empty-state';
import { Link } from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { PersonPicker } from '@/components/ui/person-picker';
import type { Person } from '@/lib/dal/people';

type Props = {
  /** The page's title; the person's name is added after a dash. */
  title: string;
  description: string;
  /** "working hours", "marketing blocks": what the page shows of the person. */
  what: string;
  action: string;
  person: Person | null;
  /** Whom the caller may pick; null for a consultant, who sees only their own. */
  people: Person[] | null;
};

/**
 * The top of a page about one person's schedule (working hours, marketing
 * blocks): its title, the way back to the week, the person picker for those
 * who may pick, and the prompt to pick one when none is chosen yet.
 */
export function PersonPageTop({ title, description, what, action, person, people }: Props) {
  return (
    <>
      <PageHeader title={person ? `${title} — ${person.name}` : title} description={description} />
      <p className="mb-4">
        <Link href={`/schedule${person ? `?who=${person.id}` : ''}`} className="underline underline-offset-2">
          ← Back to the week
        </Link>
      </p>
      {people ? (
        <PersonPicker
          name="who"
          label={`Whose ${what}`}
          value={person ? String(person.id) : ''}
          everyone={person ? undefined : { value: '', label: 'Choose a person' }}
          people={people}
          action={action}
          className="mb-6"
        />
      ) : null}
      {person ? null : (
        <EmptyState title="Choose a person">
          Pick whose {what} to see or change
          {people?.length ? '' : ' (nobody in the firm takes visits yet: add a consultant in Settings → Team)'}.
        </EmptyState>
      )}
    </>
  );
}
