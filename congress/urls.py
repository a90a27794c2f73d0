from congress.views import delegates, elections, hall, live, minutes, uploads

app_name = "congress"

# Each area keeps its routes beside its views.
urlpatterns = (
    delegates.urlpatterns
    + elections.urlpatterns
    + uploads.urlpatterns
    + hall.urlpatterns
    + live.urlpatterns
    + minutes.urlpatterns
)
