/** `send_email` in the wrangler config -> send_email binding descriptors. */
import { z } from "zod";
import { defineConfigUnit } from "./define.js";

const sendEmail = z.looseObject({
  name: z.string().min(1),
  destination_address: z.string().min(1).optional(),
  allowed_destination_addresses: z.array(z.string().min(1)).optional(),
  allowed_sender_addresses: z.array(z.string().min(1)).optional(),
  remote: z.boolean().optional(),
  experimental_remote: z.boolean().optional(),
});

export const sendEmailConfig = defineConfigUnit({
  shape: { send_email: z.array(sendEmail).optional() },
  read: (config) =>
    (config.send_email ?? []).map((entry) => ({
      type: "send_email",
      name: entry.name,
      destinationAddress: entry.destination_address,
      allowedDestinationAddresses: entry.allowed_destination_addresses,
      allowedSenderAddresses: entry.allowed_sender_addresses,
    })),
});
