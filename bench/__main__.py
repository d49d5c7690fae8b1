"""`make bench`: the numbers the product's performance targets are judged by."""

from . import page_weight, throughput


def main() -> None:
    print("Commit throughput")
    print("\n".join(throughput.report()), flush=True)
    print("Page weight, first visit (target: under 150 KB transferred)")
    print("\n".join(page_weight.report()), flush=True)


if __name__ == "__main__":
    main()
