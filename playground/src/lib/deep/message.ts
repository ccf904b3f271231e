/** Several levels below the entry: edit this line and the open page reloads with it. */
export const message = "Edit playground/src/lib/deep/message.ts and save: this page reloads by itself.";

// Uncomment to see an evaluation error in the overlay; comment it again and the page recovers.
// throw new Error("message.ts failed while loading");
