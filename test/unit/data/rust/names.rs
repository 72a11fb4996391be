// Functions of the kinds a Rust stack shows (a generic type's method, a
// trait impl, a closure, a generic function, a Display impl, a nested
// module), for test/unit/rust.sh.  With an argument it panics at the
// bottom of main -> apply -> closure -> area -> sum, so that
// RUST_BACKTRACE=1 shows how Rust itself names those frames.
use std::fmt;

pub struct Point<T> {
    pub x: T,
    pub y: T,
}

impl<T: std::ops::Add<Output = T> + Copy> Point<T> {
    #[inline(never)]
    pub fn sum(&self) -> T {
        if std::env::args().count() > 1 {
            panic!("backtrace wanted");
        }
        self.x + self.y
    }
}

impl<T: fmt::Display> fmt::Display for Point<T> {
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}, {})", self.x, self.y)
    }
}

pub mod shapes {
    pub trait Area {
        fn area(&self) -> f64;
    }

    pub struct Circle(pub f64);

    impl Area for Circle {
        #[inline(never)]
        fn area(&self) -> f64 {
            let p = super::Point { x: 1u32, y: 2u32 };
            3.0 * self.0 * self.0 + p.sum() as f64
        }
    }

    pub mod deep {
        #[inline(never)]
        pub fn count_words(s: &str) -> usize {
            s.split_whitespace().count()
        }
    }
}

#[inline(never)]
fn largest<T: PartialOrd + Copy>(v: &[T]) -> T {
    let mut m = v[0];
    for &x in v {
        if x > m {
            m = x;
        }
    }
    m
}

#[inline(never)]
fn apply<F: Fn() -> f64>(f: F) -> f64 {
    f()
}

fn main() {
    use shapes::Area;
    let c = shapes::Circle(2.0);
    let a = apply(|| c.area());
    let words = shapes::deep::count_words("one two three");
    let big = largest(&[3u64, 9, 4]);
    println!("{} {} {} {}", a, words, big, Point { x: 1, y: 2 });
}
