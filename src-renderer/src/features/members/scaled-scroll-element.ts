import type { ScrollScale } from './scroll-scale';

/**
 * What the virtualizer sees instead of the real scroll container: the same element, but with
 * offsets and heights in virtual (unscaled) space. The virtualizer then does its normal work on
 * `rowCount × rowHeight` pixels while the browser only ever holds `scale.scrollHeight`.
 * Only the members the virtualizer reads are provided.
 */
export function scaledScrollElement(real: HTMLElement, scale: ScrollScale, rowsViewportHeight: number): HTMLElement {
  const view = {
    get scrollTop() {
      return scale.toVirtual(real.scrollTop);
    },
    set scrollTop(offset: number) {
      real.scrollTop = scale.toReal(offset);
    },
    get scrollLeft() {
      return real.scrollLeft;
    },
    // The container also holds a sticky header, so the rows' viewport is passed in rather than
    // read from clientHeight; real and virtual scroll ranges then line up exactly.
    get scrollHeight() {
      return Math.max(scale.contentHeight, rowsViewportHeight);
    },
    get scrollWidth() {
      return real.scrollWidth;
    },
    get clientHeight() {
      return rowsViewportHeight;
    },
    get clientWidth() {
      return real.clientWidth;
    },
    get offsetHeight() {
      return real.offsetHeight;
    },
    get offsetWidth() {
      return real.offsetWidth;
    },
    ownerDocument: real.ownerDocument,
    addEventListener: real.addEventListener.bind(real),
    removeEventListener: real.removeEventListener.bind(real),
    getBoundingClientRect: () => real.getBoundingClientRect(),
    scrollTo(options: ScrollToOptions) {
      real.scrollTo({ ...options, top: options.top === undefined ? undefined : scale.toReal(options.top) });
    },
  };
  return view as unknown as HTMLElement;
}
