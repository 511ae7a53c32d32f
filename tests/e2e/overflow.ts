import type { Page } from '@playwright/test';

/** Elements wider than the window, or scroll boxes that scroll sideways: what a user would have to pan to read. */
export async function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.locator('html').evaluate((root) => {
    const doc = root.ownerDocument;
    const win = doc.defaultView!;
    const found: string[] = [];
    if (root.scrollWidth > win.innerWidth) found.push(`page is ${root.scrollWidth}px wide in a ${win.innerWidth}px window`);
    const all = doc.querySelectorAll('main *, .topbar, .sidebar');
    for (let i = 0; i < all.length; i++) {
      const el = all[i]!;
      const style = win.getComputedStyle(el);
      if (style.visibility === 'hidden' || el.closest('.visually-hidden')) continue;
      if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
        found.push(`${el.tagName.toLowerCase()}.${el.className} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
      }
      const right = el.getBoundingClientRect().right;
      if (right > win.innerWidth + 1) found.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(right)}px`);
    }
    return found.slice(0, 8);
  });
}
