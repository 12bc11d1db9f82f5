// Kept where redrive and search import it from; the parser lives in shared so every function can use it.
export { parseSince } from '../../shared/time';
