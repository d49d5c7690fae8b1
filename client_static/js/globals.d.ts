// The one global a page has besides the DOM: `io`, defined by the socket.io client bundle that
// every page loads as a classic script (/vendor/socket.io.min.js) before its modules.
import type { io as connect } from "socket.io-client";

declare global {
  const io: typeof connect;
}
