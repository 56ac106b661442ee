// Command hello-fyne is a small Fyne app used to test go-fyne-action end to end.
//
// It prints the app ID it finds in its metadata on start-up (the fyne tool and
// go-fyne-action embed FyneApp.toml in release builds), shows a window titled
// "Hello Fyne", and quits by itself after HELLO_FYNE_QUIT_AFTER (e.g. "2s") when set.
package main

import (
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.New()
	meta := a.Metadata()
	fmt.Printf("app-id=%s\n", meta.ID)
	fmt.Printf("app-name=%s version=%s build=%d release=%t\n", meta.Name, meta.Version, meta.Build, meta.Release)

	w := a.NewWindow("Hello Fyne")
	w.SetContent(container.NewVBox(
		widget.NewLabel("Hello Fyne!"),
		widget.NewLabel("App ID: "+meta.ID),
		widget.NewButton("Quit", a.Quit),
	))
	w.Resize(fyne.NewSize(320, 160))

	if v := os.Getenv("HELLO_FYNE_QUIT_AFTER"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			fmt.Fprintf(os.Stderr, "HELLO_FYNE_QUIT_AFTER: %v\n", err)
			os.Exit(2)
		}
		go func() {
			time.Sleep(d)
			fyne.Do(a.Quit)
		}()
	}

	w.ShowAndRun()
}
