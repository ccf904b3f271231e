/** Two levels below the entry: edit this line and reload the page. */
export const message = "Edit playground/src/lib/deep/message.ts and reload.";
