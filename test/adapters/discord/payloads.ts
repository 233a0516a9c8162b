/**
 * Builders of raw Discord gateway payloads (API v10 shapes) for the loopback fake: guilds, users, messages and
 * interactions, with the fields discord.js 14.28 needs to accept them.
 */
export const GUILD_ID = "300000000000000001";
export const CHANNEL_ID = "300000000000000010";
export const MODLOG_CHANNEL_ID = "300000000000000011";
export const DM_CHANNEL_ID = "300000000000000020";
export const ADMIN_ID = "400000000000000001";
export const MEMBER_ID = "400000000000000002";
/** Permission bits as decimal strings. */
export const PERMISSIONS_ALL = "2199023255551";
export const PERMISSIONS_MEMBER = "68672"; // view channel, send messages, read history
export const MANAGE_GUILD = 1n << 5n;

let counter = 500000000000000000n;
/** A fresh snowflake-shaped id. */
export function snowflake(): string {
  counter += 1n;
  return String(counter);
}

export function user(id: string, username = `user${id.slice(-3)}`, bot = false) {
  return { id, username, discriminator: "0", global_name: null, avatar: null, bot };
}

export function textChannel(id: string, name: string) {
  return { id, type: 0, guild_id: GUILD_ID, name, position: 0, permission_overwrites: [], nsfw: false, topic: null, last_message_id: null, parent_id: null, rate_limit_per_user: 0 };
}

/** A GUILD_CREATE payload with one text channel and a mod-log channel; the bot is a member. */
export function guild(botUser: { id: string; username: string }) {
  return {
    id: GUILD_ID,
    name: "Fact friends",
    icon: null,
    owner_id: ADMIN_ID,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    premium_tier: 0,
    preferred_locale: "en-US",
    nsfw_level: 0,
    features: [],
    roles: [{ id: GUILD_ID, name: "@everyone", permissions: PERMISSIONS_MEMBER, position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    stickers: [],
    channels: [textChannel(CHANNEL_ID, "general"), textChannel(MODLOG_CHANNEL_ID, "mod-log")],
    members: [{ user: { ...user(botUser.id, botUser.username, true) }, roles: [], joined_at: "2024-01-01T00:00:00.000Z", deaf: false, mute: false, flags: 0 }],
    member_count: 3,
    large: false,
    unavailable: false,
    joined_at: "2024-01-01T00:00:00.000Z",
    voice_states: [],
    presences: [],
    threads: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

function messageBase(channelId: string, author: ReturnType<typeof user>, content: string) {
  return {
    id: snowflake(),
    channel_id: channelId,
    author,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [] as unknown[],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    flags: 0,
    components: [],
  };
}

/** A MESSAGE_CREATE payload in the test guild's channel. */
export function guildMessage(content: string, opts: { channelId?: string; authorId?: string; extra?: Record<string, unknown> } = {}) {
  const authorId = opts.authorId ?? MEMBER_ID;
  return {
    ...messageBase(opts.channelId ?? CHANNEL_ID, user(authorId), content),
    guild_id: GUILD_ID,
    channel_type: 0,
    member: { roles: [], joined_at: "2024-01-01T00:00:00.000Z", deaf: false, mute: false, flags: 0 },
    ...opts.extra,
  };
}

/** A MESSAGE_CREATE payload in a DM with the bot. */
export function dmMessage(content: string, extra: Record<string, unknown> = {}) {
  return { ...messageBase(DM_CHANNEL_ID, user(MEMBER_ID), content), channel_type: 1, ...extra };
}

/** A forwarded message (type 0 with a FORWARD reference, type 1) carrying `text` in its snapshot. */
export function forwarded(base: Record<string, unknown>, text: string) {
  return {
    ...base,
    content: "",
    message_reference: { type: 1, channel_id: "600000000000000001", message_id: "600000000000000002", guild_id: "600000000000000003" },
    message_snapshots: [
      { message: { type: 0, content: text, embeds: [], attachments: [], timestamp: "2022-04-15T10:00:00.000Z", edited_timestamp: null, flags: 0, mentions: [], mention_roles: [] } },
    ],
  };
}

interface Where {
  /** Guild member id (with its permissions) or a DM user. */
  userId?: string;
  permissions?: string;
  dm?: boolean;
  locale?: string;
}

function interactionBase(where: Where) {
  const u = user(where.userId ?? MEMBER_ID);
  const base = {
    id: snowflake(),
    application_id: "",
    token: `itoken-${snowflake()}`,
    version: 1,
    locale: where.locale ?? "en-US",
    app_permissions: PERMISSIONS_ALL,
    entitlements: [],
    authorizing_integration_owners: {},
  };
  if (where.dm) {
    return { ...base, channel_id: DM_CHANNEL_ID, channel: { id: DM_CHANNEL_ID, type: 1, recipients: [u] }, user: u, context: 1 };
  }
  return {
    ...base,
    guild_id: GUILD_ID,
    guild_locale: "en-US",
    channel_id: CHANNEL_ID,
    channel: textChannel(CHANNEL_ID, "general"),
    member: { user: u, roles: [], permissions: where.permissions ?? PERMISSIONS_MEMBER, joined_at: "2024-01-01T00:00:00.000Z", deaf: false, mute: false, flags: 0 },
    context: 0,
  };
}

/** A slash command (CHAT_INPUT) interaction. `options` are raw option objects. */
export function slashCommand(appId: string, name: string, options: unknown[], where: Where = {}) {
  return { ...interactionBase(where), application_id: appId, type: 2, data: { id: snowflake(), name, type: 1, options } };
}

/** A message context-menu interaction targeting `message` (a raw message object). */
export function messageCommand(appId: string, name: string, message: Record<string, unknown>, where: Where = {}) {
  return {
    ...interactionBase(where),
    application_id: appId,
    type: 2,
    data: { id: snowflake(), name, type: 3, target_id: message.id, resolved: { messages: { [String(message.id)]: message } } },
  };
}

/** A button press on `message`. */
export function buttonPress(appId: string, customId: string, message: Record<string, unknown>, where: Where = {}) {
  return { ...interactionBase(where), application_id: appId, type: 3, data: { custom_id: customId, component_type: 2 }, message };
}
