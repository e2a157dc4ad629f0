/**
 * English dates through Microsoft's recognizers ("the day before yesterday", "on the 3rd",
 * "December 20th"), used only for English messages our own rules found no date in. The
 * package costs ~300 ms to load and ~1 ms a message, so it is required lazily: Indonesian
 * traffic and the command's cold start never pay for it.
 */
import { createRequire } from 'node:module';
import { dayNumber, isValidDate, partsOf, type DayNumber } from './civil.js';

interface Resolution {
  type?: string;
  value?: string;
}
interface ModelResult {
  typeName: string;
  resolution?: { values?: Resolution[] };
}
interface DateTimeModel {
  parse(query: string, referenceDate: Date): ModelResult[];
}

let model: DateTimeModel | null | undefined;

/**
 * Longer texts are not given to the recognizer: its time grows steeply with digit-heavy
 * input (seconds for 2,000 characters of numbers), and a date answer is a short message.
 */
const MAX_RECOGNIZER_LENGTH = 300;

function loadModel(): DateTimeModel | null {
  if (model !== undefined) return model;
  try {
    const require = createRequire(import.meta.url);
    const rt = require('@microsoft/recognizers-text-date-time') as {
      Culture: { English: string };
      DateTimeRecognizer: new (culture: string) => {
        getDateTimeModel(culture: string, fallbackToDefaultCulture: boolean): DateTimeModel;
      };
    };
    model = new rt.DateTimeRecognizer(rt.Culture.English).getDateTimeModel(rt.Culture.English, false);
  } catch {
    model = null; // Without the package English dates come from our own rules only.
  }
  return model;
}

const DATE_VALUE = /^(\d{4})-(\d{2})-(\d{2})/;

/**
 * The candidate days the recognizer found, newest first. Year-less dates come with a past and
 * a future reading ("monday" → last and next Monday); the caller keeps those not after today.
 */
export function englishDates(text: string, today: DayNumber, hour: number, minute: number): DayNumber[] {
  if (text.length > MAX_RECOGNIZER_LENGTH || text.trim().length === 0) return [];
  const m = loadModel();
  if (m === null) return [];
  const { year, month, day } = partsOf(today);
  // The recognizer reads the reference's local fields, so they are set to the civil time.
  const reference = new Date(year, month - 1, day, hour, minute);
  let results: ModelResult[];
  try {
    results = m.parse(text, reference);
  } catch {
    return [];
  }
  const days: DayNumber[] = [];
  for (const r of results) {
    if (r.typeName !== 'datetimeV2.date' && r.typeName !== 'datetimeV2.datetime') continue;
    for (const v of r.resolution?.values ?? []) {
      const parts = DATE_VALUE.exec(v.value ?? '');
      if (parts === null) continue;
      const [y, mo, d] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
      if (isValidDate(y, mo, d)) days.push(dayNumber(y, mo, d));
    }
  }
  return days.sort((a, b) => b - a);
}

