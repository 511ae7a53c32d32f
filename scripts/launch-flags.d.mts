/** V8 flags the app's Node processes start with (see launch-flags.mjs). */
export declare const V8_LAUNCH_FLAGS: readonly string[];
