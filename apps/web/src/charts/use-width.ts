import { useEffect, useRef, useState } from 'react';

/** The width in CSS pixels of the element the ref is put on, kept up to date: charts draw at their real size, so their text stays legible on a phone. */
export function useWidth<E extends HTMLElement>(fallback = 640): [React.RefObject<E | null>, number] {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const measure = () => setWidth(Math.max(240, Math.floor(element.getBoundingClientRect().width)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** Round tick values for an axis from `min` to `max`: about `count` of them, at 1, 2, 2.5 or 5 × a power of ten. */
export function ticks(min: number, max: number, count: number): number[] {
  if (max <= min) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let value = Math.ceil(min / step) * step; value <= max + step * 1e-9; value += step) out.push(Math.round(value * 1e6) / 1e6);
  return out;
}
