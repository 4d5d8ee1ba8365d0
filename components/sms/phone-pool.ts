/**
 * A use case's phone pool in one Region: the pool (shared routes off, deletion-protected,
 * on the use case's opt-out list) and its keywords (HELP, STOP, at least one opt-in).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { keywordSlug, smsNames } from "../../lib/naming";
import type { MessageType, PoolKeywords } from "./use-case";

export type { PoolKeywords };

/** A pool member: its ARN and the country it serves. */
export interface PoolMember {
  /** ARN of a phone number or sender ID in the pool's Region and account. Required. */
  arn: pulumi.Input<string>;
  /** ISO 3166-1 alpha-2 country the member serves. Required. */
  country: pulumi.Input<string>;
}

/** Arguments of {@link PhonePool}. */
export interface PhonePoolArgs {
  /** Region of the pool and all its members. Required. */
  region: pulumi.Input<string>;
  /** TRANSACTIONAL or PROMOTIONAL; every member must match. Required. */
  messageType: pulumi.Input<MessageType>;
  /** The use case's opt-out list; members must carry the same list. Required. */
  optOutListName: pulumi.Input<string>;
  /**
   * Members, in a stable order (the first member's country is fixed at creation). Required,
   * at least one.
   */
  members: PoolMember[];
  /** HELP, STOP, opt-in and auto-reply keywords of the pool. Required. */
  keywords: PoolKeywords;
  /**
   * Let AWS fall back to shared sender IDs and numbers when no member serves a country.
   * Default: false, explicitly: the pool then also acts as a country allow-list and keeps
   * two-way replies on the pool's own numbers (AWS End User Messaging SMS User Guide, "Pools").
   */
  sharedRoutesEnabled?: pulumi.Input<boolean>;
  /** The application keeps opt-outs itself. Default: false. */
  selfManagedOptOuts?: pulumi.Input<boolean>;
  /** Inbound topic; when set, two-way is enabled on the pool. Default: none (one-way). */
  twoWayChannelArn?: pulumi.Input<string>;
  /** AWS refuses to delete the pool while set. Default: true. */
  deletionProtectionEnabled?: pulumi.Input<boolean>;
  /** Tags on the pool. Default: none. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Keyword resource names from keyword text: `JOIN NOW` → `join-now`. */
export { keywordSlug };

/** A pool and its keywords. Token `messaging:sms:PhonePool`. */
export class PhonePool extends pulumi.ComponentResource {
  readonly pool: aws.pinpoint.Smsvoicev2Pool;
  readonly keywords: Record<string, aws.pinpoint.Smsvoicev2Keyword> = {};
  readonly arn: pulumi.Output<string>;
  readonly poolId: pulumi.Output<string>;

  constructor(name: string, args: PhonePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:sms:PhonePool", name, {}, opts);
    if (args.members.length === 0) {
      throw new pulumi.ResourceError(
        `pool ${name}: a pool needs at least one member; add an originator for this use case`,
        this,
      );
    }
    if (Object.keys(args.keywords.optIn).length === 0) {
      throw new pulumi.ResourceError(
        `pool ${name}: declare at least one opt-in keyword (carriers require one), e.g. JOIN`,
        this,
      );
    }
    const twoWay = args.twoWayChannelArn !== undefined;
    this.pool = new aws.pinpoint.Smsvoicev2Pool(
      smsNames.poolResource(name),
      {
        region: args.region,
        // AWS needs the first member's country at creation and never changes it after;
        // ignoring later drift keeps a membership change from replacing the pool.
        isoCountryCode: args.members[0].country,
        messageType: args.messageType,
        originationIdentities: args.members.map((member) => member.arn),
        optOutListName: args.optOutListName,
        sharedRoutesEnabled: args.sharedRoutesEnabled ?? false,
        selfManagedOptOutsEnabled: args.selfManagedOptOuts ?? false,
        twoWayEnabled: twoWay,
        twoWayChannelArn: args.twoWayChannelArn,
        deletionProtectionEnabled: args.deletionProtectionEnabled ?? true,
        tags: args.tags,
      },
      // Pulumi `protect`: removing a use case (or a change that would replace the pool) fails
      // the preview instead of reaching AWS, where deletion protection refuses it anyway and
      // a replacement would have to move every member. Not retainOnDelete: a pool holds no
      // data of its own, and an orphaned pool would keep its members from joining a new one.
      { parent: this, ignoreChanges: ["isoCountryCode"], protect: true },
    );
    this.arn = this.pool.arn;
    this.poolId = this.pool.id;

    const keyword = (word: string, message: string, action?: "OPT_IN" | "AUTOMATIC_RESPONSE") => {
      this.keywords[word] = new aws.pinpoint.Smsvoicev2Keyword(
        smsNames.keyword(name, word),
        {
          region: args.region,
          originationIdentityArn: this.pool.arn,
          keyword: word,
          keywordMessage: message,
          // HELP and STOP are mandatory keywords: AWS owns their action, so it must not be set.
          keywordAction: action,
        },
        { parent: this },
      );
    };
    keyword("HELP", args.keywords.help);
    keyword("STOP", args.keywords.stop);
    for (const word of Object.keys(args.keywords.optIn).sort())
      keyword(word, args.keywords.optIn[word], "OPT_IN");
    for (const word of Object.keys(args.keywords.autoReply ?? {}).sort()) {
      keyword(word, args.keywords.autoReply![word], "AUTOMATIC_RESPONSE");
    }

    this.registerOutputs({ arn: this.arn, poolId: this.poolId });
  }
}
