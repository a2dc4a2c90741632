import { compactInputClass, linkButtonClass } from './styles';

type Props = {
  /** The query parameter the choice is sent as (also the select's id, unique on the page). */
  name: string;
  label: string;
  /** The option selected now. */
  value: string;
  people: readonly { id: number; name: string }[];
  /** A first option for everyone at once ("Whole team"), when the page has one. */
  everyone?: { value: string; label: string };
  /** The page the choice goes to; the current one when left out. */
  action?: string;
  /** Other query parameters to keep, such as the week shown. */
  keep?: Record<string, string>;
  className?: string;
};

/**
 * "Whose week / Show": a plain GET form that reloads the page for another
 * person. No script needed, so it works before hydration and on any phone.
 */
export function PersonPicker({ name, label, value, people, everyone, action, keep = {}, className = '' }: Props) {
  return (
    <form method="get" action={action} className={`flex flex-wrap items-end gap-2 ${className}`.trim()}>
      {Object.entries(keep).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <div>
        <label htmlFor={name} className="block text-sm font-medium">
          {label}
        </label>
        <select id={name} name={name} defaultValue={value} className={compactInputClass}>
          {everyone ? <option value={everyone.value}>{everyone.label}</option> : null}
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={linkButtonClass}>
        Show
      </button>
    </form>
  );
}
