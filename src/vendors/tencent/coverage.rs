//! When a device's cloud storage ran, and under which package: the packages bought for one
//! device channel laid out along world time. A device holds one package at a time; later ones
//! queue behind it (seed 004: "一个设备同时只能存在一个云存套餐"). Pure: the caller passes the
//! world clock.
//!
//! - A new package with nothing running starts now.
//! - `PackageQueue=end` starts it when every package already bought has run out.
//! - `PackageQueue=front` starts it now; the running package pauses and runs its remainder
//!   after the new one, the queued ones after that.
//! - `Override=1` starts it now; the running package's remainder is dropped and the queued ones
//!   follow the new one.
//! - Reset drops the running package's remainder and every queued package.
//! - Transfer moves the running remainder and the queued packages to another device.

use super::catalogue::PackageKind;

/// One stretch of time a package ran (or will run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start: i64,
    pub end: i64,
    pub package: &'static PackageKind,
    /// The order it belongs to.
    pub order: String,
}

/// How a new package joins the ones already bought.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// No placement asked: only allowed when nothing runs or waits.
    Alone,
    Override,
    Front,
    End,
}

/// The spans of one device channel, sorted and never overlapping.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    spans: Vec<Span>,
}

/// Why a package cannot be placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Busy {
    /// A package runs or waits and no placement was asked for.
    HasPackage,
}

impl Coverage {
    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// The span running at `now`.
    pub fn current(&self, now: i64) -> Option<&Span> {
        self.spans.iter().find(|s| s.start <= now && now < s.end)
    }

    /// The most recent span that has started by `now` (running or ended).
    pub fn latest(&self, now: i64) -> Option<&Span> {
        self.spans.iter().rev().find(|s| s.start <= now)
    }

    /// Whether a package runs now or waits to.
    pub fn holds_package(&self, now: i64) -> bool {
        self.spans.iter().any(|s| s.end > now)
    }

    /// The span covering instant `t`, if any.
    pub fn at(&self, t: i64) -> Option<&Span> {
        // Few spans per device: a linear scan from the newest.
        self.spans.iter().rev().find(|s| s.start <= t && t < s.end)
    }

    /// Places a package of `secs` bought at `now` as `placement` says.
    pub fn place(
        &mut self,
        package: &'static PackageKind,
        order: String,
        now: i64,
        placement: Placement,
    ) -> Result<(), Busy> {
        let secs = package.secs();
        let new = |start: i64| Span {
            start,
            end: start.saturating_add(secs),
            package,
            order: order.clone(),
        };
        match placement {
            Placement::Alone if self.holds_package(now) => Err(Busy::HasPackage),
            Placement::Alone => {
                self.spans.push(new(now));
                Ok(())
            }
            Placement::End => {
                let start = self
                    .spans
                    .iter()
                    .map(|s| s.end)
                    .max()
                    .unwrap_or(now)
                    .max(now);
                self.spans.push(new(start));
                self.sort();
                Ok(())
            }
            Placement::Front | Placement::Override => {
                let mut later = self.cut(now);
                if placement == Placement::Override && later.first().is_some_and(|s| s.start == now)
                {
                    // The running package's remainder: dropped.
                    later.remove(0);
                }
                let added = new(now);
                let mut at = added.end;
                self.spans.push(added);
                for mut span in later {
                    let length = span.end.saturating_sub(span.start);
                    span.start = at;
                    span.end = at.saturating_add(length);
                    at = span.end;
                    self.spans.push(span);
                }
                Ok(())
            }
        }
    }

    /// Splits the spans at `now`: keeps what ran before it, returns what was still to run (the
    /// running package's remainder first, starting at `now`), in order.
    fn cut(&mut self, now: i64) -> Vec<Span> {
        let mut later = Vec::new();
        let mut kept = Vec::with_capacity(self.spans.len());
        for span in self.spans.drain(..) {
            if span.end <= now {
                kept.push(span);
            } else if span.start >= now {
                later.push(span);
            } else {
                later.push(Span {
                    start: now,
                    ..span.clone()
                });
                kept.push(Span { end: now, ..span });
            }
        }
        self.spans = kept;
        later.sort_by_key(|s| s.start);
        later
    }

    /// Ends the running package now and drops the queued ones; returns whether any was dropped.
    pub fn reset(&mut self, now: i64) -> bool {
        !self.cut(now).is_empty()
    }

    /// Takes the running remainder and the queued packages away, for another device.
    pub fn take_remaining(&mut self, now: i64) -> Vec<Span> {
        self.cut(now)
    }

    /// Receives packages taken from another device.
    pub fn receive(&mut self, spans: Vec<Span>) {
        self.spans.extend(spans);
        self.sort();
    }

    /// Adds a span as a scenario states it (start possibly in the past).
    pub fn declare(&mut self, span: Span) {
        self.spans.push(span);
        self.sort();
    }

    fn sort(&mut self) {
        self.spans.sort_by_key(|s| s.start);
    }

    /// The spans of order `order`.
    pub fn of_order<'a>(&'a self, order: &'a str) -> impl Iterator<Item = &'a Span> + 'a {
        self.spans.iter().filter(move |s| s.order == order)
    }

    /// When order `order`'s time on this channel ends (a package paused by `front` ends after
    /// its last span, not its first).
    pub fn order_end(&self, order: &str) -> Option<i64> {
        self.of_order(order).map(|s| s.end).max()
    }

    /// The orders with time on this channel, each once.
    pub fn orders(&self) -> std::collections::HashSet<&str> {
        self.spans.iter().map(|s| s.order.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::tencent::catalogue::package;

    const DAY: i64 = 86_400;

    fn week() -> &'static PackageKind {
        package("yc1w7d").expect("known")
    }

    fn month() -> &'static PackageKind {
        package("ye1m7d").expect("known")
    }

    fn layout(c: &Coverage) -> Vec<(i64, i64, &str)> {
        c.spans()
            .iter()
            .map(|s| (s.start, s.end, s.order.as_str()))
            .collect()
    }

    #[test]
    fn a_second_package_needs_a_placement() {
        let mut c = Coverage::default();
        c.place(week(), "a".into(), 0, Placement::Alone).unwrap();
        assert_eq!(
            c.place(month(), "b".into(), DAY, Placement::Alone),
            Err(Busy::HasPackage)
        );
        assert_eq!(c.current(DAY).map(|s| s.order.as_str()), Some("a"));
        // Once it has run out, a new one may start alone.
        c.place(month(), "b".into(), 8 * DAY, Placement::Alone)
            .unwrap();
        assert_eq!(
            layout(&c),
            vec![(0, 7 * DAY, "a"), (8 * DAY, 38 * DAY, "b")]
        );
    }

    #[test]
    fn end_queues_front_pauses_and_override_replaces() {
        let mut end = Coverage::default();
        end.place(week(), "a".into(), 0, Placement::Alone).unwrap();
        end.place(month(), "b".into(), DAY, Placement::End).unwrap();
        assert_eq!(
            layout(&end),
            vec![(0, 7 * DAY, "a"), (7 * DAY, 37 * DAY, "b")]
        );

        let mut front = end.clone();
        front
            .place(week(), "c".into(), 2 * DAY, Placement::Front)
            .unwrap();
        assert_eq!(
            layout(&front),
            vec![
                (0, 2 * DAY, "a"),
                (2 * DAY, 9 * DAY, "c"),
                (9 * DAY, 14 * DAY, "a"),
                (14 * DAY, 44 * DAY, "b"),
            ]
        );
        // The paused package ends after its remainder.
        assert_eq!(front.order_end("a"), Some(14 * DAY));
        assert_eq!(front.orders().len(), 3);

        let mut over = end.clone();
        over.place(week(), "c".into(), 2 * DAY, Placement::Override)
            .unwrap();
        assert_eq!(
            layout(&over),
            vec![
                (0, 2 * DAY, "a"),
                (2 * DAY, 9 * DAY, "c"),
                (9 * DAY, 39 * DAY, "b")
            ]
        );
    }

    #[test]
    fn reset_and_transfer_keep_the_past() {
        let mut c = Coverage::default();
        c.place(week(), "a".into(), 0, Placement::Alone).unwrap();
        c.place(month(), "b".into(), 0, Placement::End).unwrap();
        let mut other = c.clone();
        assert!(c.reset(DAY));
        assert_eq!(layout(&c), vec![(0, DAY, "a")]);
        assert!(!c.holds_package(DAY));
        assert!(!c.reset(DAY));

        let moved = other.take_remaining(DAY);
        assert_eq!(layout(&other), vec![(0, DAY, "a")]);
        let mut to = Coverage::default();
        to.receive(moved);
        assert_eq!(
            layout(&to),
            vec![(DAY, 7 * DAY, "a"), (7 * DAY, 37 * DAY, "b")]
        );
    }
}
