import { EmptyState } from '@/components/ui/empty-state';
import { PersonPicker } from '@/components/ui/person-picker';
import type { Person } from '@/lib/dal/people';

type Props = {
  /** "working hours", "marketing blocks": what the page shows of the person. */
  what: string;
  action: string;
  person: Person | null;
  /** Whom the caller may pick; null for a consultant, who sees only their own. */
  people: Person[] | null;
};

/** "Whose working hours": the schedule pages' person picker, and the prompt to pick one when none is chosen yet. */
export function WhosePicker({ what, action, person, people }: Props) {
  return (
    <>
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
