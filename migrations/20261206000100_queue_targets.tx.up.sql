-- Per-queue targets beside the service goal: the most abandonment the
-- queue accepts (a fraction, 0.05 = 5%) and its average handle time
-- target. NULL: the queue sets none and its channel's default applies
-- (store.ChannelTargets), so existing queues keep working unchanged.
ALTER TABLE queues ADD COLUMN abandon_target DOUBLE PRECISION;
ALTER TABLE queues ADD COLUMN aht_target_seconds INTEGER;
