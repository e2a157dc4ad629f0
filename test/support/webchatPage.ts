/** Driving the /chat page as a customer does (playwright-core): wait for the bot, type a message. */
import type { Page } from 'playwright-core';

/** Waits until the newest text matching `pattern` is on the page. */
export async function botSays(page: Page, pattern: RegExp): Promise<void> {
  await page.getByText(pattern).last().waitFor({ timeout: 20_000 });
}

/** Types into Web Chat's send box and sends. */
export async function type(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-id="webchat-sendbox-input"]');
  await box.fill(text);
  await box.press('Enter');
}
