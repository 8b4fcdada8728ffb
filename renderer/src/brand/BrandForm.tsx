import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { profileInputSchema, type Profile, type ProfileInput } from '@shared/ipc/profile-channels';
import { ipcQueryKey, useIpcQuery } from '../data/use-ipc-query';
import { call, errorMessage } from '../ipc/client';
import { formatClockTime } from '../format/dates';
import { isListed, timeZoneGroups } from './time-zones';

type ProfileFields = Required<ProfileInput>;
type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: number } | { kind: 'error'; message: string };

function inputOf(profile: Profile): ProfileFields {
  const { businessName, offering, audience, toneOfVoice, website, timeZone, country, region } = profile;
  return { businessName, offering, audience, toneOfVoice, website, timeZone, country, region };
}

/** Owners often type "example.com.au"; the profile needs a full address. */
function withScheme(website: string): string {
  const trimmed = website.trim();
  return trimmed === '' || /^https?:\/\//i.test(trimmed) || /\s/.test(trimmed) ? trimmed : `https://${trimmed}`;
}

function websiteProblem(website: string): string | null {
  const checked = profileInputSchema.shape.website.safeParse(website);
  return checked.success ? null : (checked.error.issues[0]?.message ?? 'Check the website address.');
}

/** A labelled multi-line answer with a hint, as the profile's free-text questions are. */
function TextAreaField(props: {
  id: string;
  label: string;
  hint: string;
  rows: number;
  value: string;
  onChange: (value: string) => void;
}) {
  const hintId = `${props.id}-hint`;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <p className="hint" id={hintId}>
        {props.hint}
      </p>
      <textarea
        id={props.id}
        rows={props.rows}
        maxLength={2_000}
        aria-describedby={hintId}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

export function BrandForm({ saved }: { saved: Profile }) {
  const client = useQueryClient();
  const [values, setValues] = useState(() => inputOf(saved));
  const [lastSaved, setLastSaved] = useState(() => inputOf(saved));
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [websiteError, setWebsiteError] = useState<string | null>(null);
  const changed = JSON.stringify(values) !== JSON.stringify(lastSaved);

  // The countries stay listed while a new country's regions load.
  const countries = useIpcQuery('profile.places', { country: '' });
  const regions = useIpcQuery('profile.places', { country: values.country }, { enabled: values.country !== '' });

  const set = (field: keyof ProfileFields, value: string) => {
    // A new country starts with the whole country: the old state belongs to the old one.
    setValues((prev) => ({ ...prev, [field]: value, ...(field === 'country' ? { region: '' } : {}) }));
    if (field === 'website') setWebsiteError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = websiteProblem(values.website);
    setWebsiteError(problem);
    if (problem) return;
    setSave({ kind: 'saving' });
    try {
      const profile = await call('profile.save', values);
      // Every page that shows times reads the zone from the cached profile.
      client.setQueryData(ipcQueryKey('profile.get', {}), profile);
      // The local calendar and the assistant's previews are read from the profile.
      void client.invalidateQueries({ queryKey: ['assistant.localCalendar'] });
      void client.invalidateQueries({ queryKey: ['assistant.preview'] });
      setLastSaved(inputOf(profile));
      setValues(inputOf(profile));
      setSave({ kind: 'saved', at: profile.updatedAt ?? Date.now() });
    } catch (error) {
      setSave({ kind: 'error', message: errorMessage(error) });
    }
  };

  return (
    <form className="brand-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="brand-name">Business name</label>
        <input
          id="brand-name"
          type="text"
          autoComplete="organization"
          maxLength={200}
          value={values.businessName}
          onChange={(e) => set('businessName', e.target.value)}
        />
      </div>
      <TextAreaField
        id="brand-offering"
        label="What you sell"
        hint="Your products or services, in a sentence or two."
        rows={3}
        value={values.offering}
        onChange={(value) => set('offering', value)}
      />
      <TextAreaField
        id="brand-audience"
        label="Who your customers are"
        hint="For example: young families on the Sunshine Coast."
        rows={3}
        value={values.audience}
        onChange={(value) => set('audience', value)}
      />
      <TextAreaField
        id="brand-tone"
        label="Tone of voice"
        hint="How you like to sound: friendly and local, expert and calm, cheeky…"
        rows={2}
        value={values.toneOfVoice}
        onChange={(value) => set('toneOfVoice', value)}
      />
      <div className="field">
        <label htmlFor="brand-website">Website</label>
        <input
          id="brand-website"
          type="url"
          inputMode="url"
          autoComplete="url"
          maxLength={500}
          placeholder="https://"
          aria-invalid={websiteError ? true : undefined}
          aria-describedby={websiteError ? 'brand-website-error' : undefined}
          value={values.website}
          onChange={(e) => set('website', e.target.value)}
          onBlur={() => set('website', withScheme(values.website))}
        />
        {websiteError && (
          <p className="field-error" id="brand-website-error">
            {websiteError}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="brand-time-zone">Time zone</label>
        <p className="hint" id="brand-time-zone-hint">
          Scheduled posts go out at this local time.
        </p>
        <select
          id="brand-time-zone"
          aria-describedby="brand-time-zone-hint"
          value={values.timeZone}
          onChange={(e) => set('timeZone', e.target.value)}
        >
          {!isListed(values.timeZone) && <option value={values.timeZone}>{values.timeZone}</option>}
          {timeZoneGroups().map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.options.map((option) => (
                <option key={option.zone} value={option.zone}>
                  {option.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>

      <div className="field">
        <label htmlFor="brand-country">Country</label>
        <p className="hint" id="brand-place-hint">
          Where the business is, for its public and school holidays on the Calendar and in the assistant's ideas.
        </p>
        <select
          id="brand-country"
          aria-describedby="brand-place-hint"
          value={values.country}
          onChange={(e) => set('country', e.target.value)}
        >
          <option value="">Not set (from the time zone)</option>
          {(countries.data?.countries ?? []).map((country) => (
            <option key={country.code} value={country.code}>
              {country.name}
            </option>
          ))}
        </select>
      </div>
      {values.country !== '' && (regions.data?.regions.length ?? 0) > 0 && (
        <div className="field">
          <label htmlFor="brand-region">State or region</label>
          <select id="brand-region" value={values.region} onChange={(e) => set('region', e.target.value)}>
            <option value="">The whole country</option>
            {(regions.data?.regions ?? []).map((region) => (
              <option key={region.code} value={region.code}>
                {region.name}
              </option>
            ))}
          </select>
        </div>
      )}

      <div className="form-actions">
        <button type="submit" className="button" disabled={save.kind === 'saving'}>
          {save.kind === 'saving' ? 'Saving…' : 'Save'}
        </button>
        <div className="form-feedback" aria-live="polite">
          {save.kind === 'saved' && !changed && <p className="save-status-ok">Saved {formatClockTime(save.at)}</p>}
          {changed && save.kind !== 'saving' && save.kind !== 'error' && <p className="hint">You have unsaved changes.</p>}
        </div>
      </div>
      {save.kind === 'error' && (
        <div className="notice notice-error" role="alert">
          <p>Your business profile was not saved. {save.message}</p>
        </div>
      )}
    </form>
  );
}
