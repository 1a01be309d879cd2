/** JSON:API documents as Lemon Squeezy writes them. */

export interface Resource {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships: Record<string, { links: { related: string; self: string } }>;
  links: { self: string };
}

export class JsonApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly pointer?: string,
  ) {
    super(detail);
  }

  toBody() {
    const error: Record<string, unknown> = { detail: this.detail, status: String(this.status), title: this.title };
    if (this.pointer) error.source = { pointer: this.pointer };
    return { jsonapi: { version: '1.0' }, errors: [error] };
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export const titleFor = (status: number) => TITLES[status] ?? 'Error';

export function single(resource: Resource) {
  return { jsonapi: { version: '1.0' }, links: { self: resource.links.self }, data: resource };
}

/** A page of a list, with `meta.page` in Lemon Squeezy's camelCase and `links` first/last/next/prev. */
export function page(all: Resource[], url: URL, number: number, size: number) {
  const total = all.length;
  const lastPage = Math.max(1, Math.ceil(total / size));
  const start = (number - 1) * size;
  const data = all.slice(start, start + size);
  const linkTo = (n: number) => {
    const u = new URL(url.href);
    u.searchParams.set('page[number]', String(n));
    u.searchParams.set('page[size]', String(size));
    return u.href;
  };
  const links: Record<string, string> = { first: linkTo(1), last: linkTo(lastPage) };
  if (number < lastPage) links.next = linkTo(number + 1);
  if (number > 1) links.prev = linkTo(number - 1);
  return {
    meta: {
      page: {
        currentPage: number,
        from: data.length ? start + 1 : null,
        lastPage,
        perPage: size,
        to: data.length ? start + data.length : null,
        total,
      },
    },
    jsonapi: { version: '1.0' },
    links,
    data,
  };
}
