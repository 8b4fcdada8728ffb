import Holidays from 'date-holidays';

/**
 * Where a business can say it is: the countries and states/regions `date-holidays` knows, with
 * Australia and its states first (the first market). The list comes from the library the public
 * holidays come from, so a place the owner can choose always has its holidays.
 */
export interface PlaceOption {
  code: string;
  name: string;
}

const FIRST_COUNTRY = 'AU';
const catalogue = new Holidays();

export function countryOptions(): PlaceOption[] {
  const names = catalogue.getCountries('en') ?? {};
  const all = Object.entries(names).map(([code, name]) => ({ code, name }));
  const first = all.filter((one) => one.code === FIRST_COUNTRY);
  const rest = all.filter((one) => one.code !== FIRST_COUNTRY).sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return [...first, ...rest];
}

export function regionOptions(country: string): PlaceOption[] {
  if (country === '' || !isKnownCountry(country)) return [];
  const names = catalogue.getStates(country, 'en') ?? {};
  return Object.entries(names).map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

function isKnownCountry(country: string): boolean {
  return Object.hasOwn(catalogue.getCountries('en') ?? {}, country);
}

/** Why a country/region pair cannot be kept, or null when it can ('' region: the whole country; '' country: not set). */
export function placeProblem(country: string, region: string): string | null {
  if (country === '') return region === '' ? null : 'Choose the country before the state or region.';
  if (!isKnownCountry(country)) return `"${country}" is not a country AgencyIQ knows the holidays of.`;
  if (region !== '' && !regionOptions(country).some((one) => one.code === region)) {
    return `"${region}" is not a state or region of ${countryName(country)}.`;
  }
  return null;
}

export function countryName(country: string): string {
  return catalogue.getCountries('en')?.[country] ?? country;
}

export function regionName(country: string, region: string): string {
  return regionOptions(country).find((one) => one.code === region)?.name ?? region;
}
